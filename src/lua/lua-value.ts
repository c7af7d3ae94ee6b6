// What a Lua call answers the hub: a Lua value made plain data as it crosses from the worker (a
// table an object or an array, nil null). Not an action's outcome: the caller reads the shape it
// expects (a pipeline's definition, a step's function's result) and checks it.

/** A Lua value as plain data (JSON's values: what the worker can send). */
export type LuaValue = unknown;
