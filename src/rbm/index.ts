// Public API of the rbm stage; filled in by its issue.
export {};
