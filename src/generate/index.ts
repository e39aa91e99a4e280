// Public API of the generate stage; filled in by its issue.
export {};
