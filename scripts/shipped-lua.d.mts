export declare const SHIPPED_DIRS: string[];
export interface ShippedLua {
  name: string;
  source: string;
  line(n: number): string;
}
export declare function shippedLua(root: string, dirs?: string[]): ShippedLua[];
