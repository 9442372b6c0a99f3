"""The window's jobs, one controller each: reading, annotating, events, schema, importing,
exporting, translating. Each talks to core's façade and to the shared :class:`gui.state.State`,
never to another controller."""
