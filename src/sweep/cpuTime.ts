/**
 * CPU time of the calling thread, for telling apart "the sweep's work grew" from "the machine gave us less of a
 * core" when two workers do not run twice as fast. On a shared machine the second is common: wall-clock time alone
 * cannot say which it was.
 */
import { readFileSync } from 'node:fs';

/**
 * Seconds of CPU (user + system) the calling thread has used, from Linux's `/proc/thread-self/stat` (10 ms
 * resolution: the kernel counts in USER_HZ = 100 ticks per second). In a worker thread this is that worker's own
 * time, including onnxruntime's matrix products when its engine runs on one thread (it then computes on the
 * calling thread). NaN where there is no /proc (macOS, Windows).
 */
export function threadCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // The thread's name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // fields 14 and 15 of proc(5): utime, stime
  } catch {
    return NaN;
  }
}
