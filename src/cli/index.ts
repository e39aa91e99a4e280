// Public API of the cli stage; filled in by its issue.
export {};
