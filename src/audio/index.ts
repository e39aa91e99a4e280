// Public API of the audio stage; filled in by its issue.
export {};
