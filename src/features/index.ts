// Public API of the features stage; filled in by its issue.
export {};
