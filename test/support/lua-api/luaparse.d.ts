// The little of luaparse 0.3.1's interface the Lua call checker uses (the package ships no types).
declare module 'luaparse' {
  export interface Node {
    type: string;
    loc?: { start: { line: number; column: number }; end: { line: number; column: number } };
    [field: string]: any;
  }
  export interface Options {
    luaVersion?: '5.1' | '5.2' | '5.3' | 'LuaJIT';
    locations?: boolean;
    comments?: boolean;
    scope?: boolean;
    encodingMode?: 'none' | 'pseudo-latin1' | 'x-user-defined';
  }
  export function parse(code: string, options?: Options): Node;
  const luaparse: { parse: typeof parse };
  export default luaparse;
}
