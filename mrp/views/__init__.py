"""Pages of the MRP module: dashboard, purchasing shortages, customer summary, shipment forecast."""
