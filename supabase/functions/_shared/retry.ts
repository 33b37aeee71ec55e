// Retries around calls to external services (Storage API, …): a few attempts with exponential
// backoff, then the last error is thrown for the caller to degrade gracefully.
export async function withRetry<T>(work: () => Promise<T>, { attempts = 3, baseDelayMs = 100 } = {}): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await work();
    } catch (error) {
      lastError = error;
      if (attempt < attempts - 1) await new Promise((resolve) => setTimeout(resolve, baseDelayMs * 3 ** attempt));
    }
  }
  throw lastError;
}
