import { IMPROVEMENT_MEMORY } from './improvement-unit.js';

// What the configuration's own state may spend: time to load a file, memory, time to draw.

export const LOAD_BUDGET_MS = 500;
export const MEMORY_MB = 64;
export const RENDER_BUDGET_MS = 100;
export const IMPROVEMENT_MEMORY_MB = IMPROVEMENT_MEMORY / (1024 * 1024);
