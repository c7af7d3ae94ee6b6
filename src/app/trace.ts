// The start-up and frame milestones (BOTSTER_TRACE) live at the bottom layer: client and Lua worker write them too.
export { trace } from '../trace/trace.js';
