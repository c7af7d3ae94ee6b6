import { TrustStore } from '../../src/reload/trust-store.js';
import { projectHash } from '../../src/reload/projects.js';

/** `home`, trusting `repo`'s `.botster/` as it is now, as the hub records it (sealed). */
export function trustedBy(home: string, repo: string): string {
  new TrustStore(home).trust(repo, projectHash(repo));
  return home;
}
