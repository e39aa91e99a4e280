/**
 * The CLI's commands. Each module exports one function that adds one subcommand to the program; to add a
 * command, write `commands/<name>.ts` and add it to this list (order = order in `rbm-music --help`).
 */
import type { Command } from 'commander';
import { registerData } from './data';
import { registerFeatures } from './features';
import { registerTrain } from './train';
import { registerGenerate } from './generate';
import { registerRank } from './rank';
import { registerSweep } from './sweep';
import { registerNotes } from './notes';

/** Adds one subcommand to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every command, in help order. */
export const COMMANDS: RegisterCommand[] = [
  registerData,
  registerFeatures,
  registerTrain,
  registerGenerate,
  registerRank,
  registerSweep,
  registerNotes,
];
