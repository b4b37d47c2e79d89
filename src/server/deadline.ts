// Waiting with a limit: what a piece of work settles with, or "late" once `ms` have passed first.
// The work is not cancelled (the caller decides what late means), and the timer never outlives the wait.

export async function settledWithin<T>(work: Promise<T>, ms: number): Promise<T | "late"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
