"""newsbot."""
