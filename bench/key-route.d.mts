// Types of bench/key-route.mjs for the test that shares it (test/architecture/key-route.test.ts).
export interface Frame {
  fn: string;
  file: string;
}
export const KEYS: Record<string, string>;
export function frames(stack: string): Frame[];
export function keyRoutes(
  keys?: Record<string, string>,
  opts?: { files?: Record<string, string> },
): Promise<Record<string, Frame[]>>;
export function named(route: Frame[]): string;
