import type { Identity } from '../org.js';
import { randomWord } from '../ids.js';

/**
 * Access tokens and the users they stand for. The admin's token is the org's own and survives restarts;
 * tokens issued by a login live as long as the server, as a session that times out would.
 */
export class Sessions {
  private readonly tokens = new Map<string, string>();

  public constructor(
    private readonly identity: Identity,
    private readonly random: () => number,
  ) {
    this.tokens.set(identity.accessToken, identity.userId);
  }

  /** A new access token for the user, shaped as Salesforce's: the org id, `!`, then random characters. */
  public issue(userId: string): string {
    const token = `${this.identity.orgId.slice(0, 15)}!${randomWord(96, this.random)}`;
    this.tokens.set(token, userId);
    return token;
  }

  public userOf(token: string | undefined): string | undefined {
    return token === undefined ? undefined : this.tokens.get(token);
  }
}
