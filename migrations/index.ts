/** Every migration, in order. Listed explicitly so the same list works from src (Jest) and dist. */
import { Init1764470000000 } from "./1764470000000-init";
import { Summaries1764480000000 } from "./1764480000000-summaries";
import { IdentityAndHistory1764490000000 } from "./1764490000000-identity-and-history";

export const migrations = [Init1764470000000, Summaries1764480000000, IdentityAndHistory1764490000000];
