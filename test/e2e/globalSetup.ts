/** One browser host on the demo site for the whole run; its URL goes to the tests through FLUSS_URL. */
import { startHost } from './host';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const host = await startHost();
  process.env.FLUSS_URL = host.url;
  return host.stop;
}
