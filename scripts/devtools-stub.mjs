// Ink loads react-devtools-core only in development; the bundle never connects to devtools.
export default { initialize() {}, connectToDevTools() {} };
