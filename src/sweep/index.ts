// Public API of the sweep stage; filled in by its issue.
export {};
