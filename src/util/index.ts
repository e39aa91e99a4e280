export * from './random';
export * from './matrix';
export * from './atomicWrite';
export * from './memoryBudget';
