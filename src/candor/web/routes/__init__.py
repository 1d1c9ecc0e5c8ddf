"""The app's routes, one module per area; each route declares who may use it."""
