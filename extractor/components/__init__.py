"""govkg."""
