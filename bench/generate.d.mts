// Types of bench/generate.mjs for the tests that build files with it.
export interface GeneratedShape {
  readonly bytes: Uint8Array;
  readonly distinct: Record<string, number>;
  readonly common: { readonly user: string; readonly type: string };
}
export function generateWtmp(count: number, seed?: number): Uint8Array;
export function generateInternet(count: number, seed?: number): GeneratedShape;
export function generateBtmp(count: number, seed?: number): GeneratedShape;
export function generateWorst(count: number, seed?: number): GeneratedShape;
export function generateOpenLogins(count: number, seed?: number): Uint8Array;
