/**
 * The CLI's commands. Each module exports one function that adds one subcommand to the program; to add a
 * command, write `commands/<name>.ts` and add it to this list (order = order in `rbm-music --help`).
 */
import type { Command } from 'commander';
import { registerData } from './data';
import { registerFeatures } from './features';

/** Adds one subcommand to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every command, in help order. */
export const COMMANDS: RegisterCommand[] = [
  registerData,
  registerFeatures,
];
