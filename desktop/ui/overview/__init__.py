"""The Overview screen: today at a glance, a chart per period, incidents and clients."""
