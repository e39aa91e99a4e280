// Public API of the notebook stage; filled in by its issue.
export {};
