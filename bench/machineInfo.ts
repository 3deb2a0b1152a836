/** The machine a bench ran on (issue 7: results are committed with the machine named). */
import { availableParallelism, cpus } from 'node:os'

export type MachineInfo = { cpu: string; cores: number; node: string }

export function machineInfo(): MachineInfo {
  return { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: availableParallelism(), node: process.version }
}
