"""Business logic of the Scheduling module: plain functions, no HTTP (views and the API call these)."""
