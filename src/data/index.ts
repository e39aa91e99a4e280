// Public API of the data stage; filled in by its issue.
export {};
