// Checked by `npx tsc -p frontend`, never run: amounts are `Wei` strings from the API or `bigint`s, and a
// number is never accepted as one (JSON numbers are doubles, exact only up to 2^53 wei). Each
// `@ts-expect-error` below fails the type check the day that line compiles.
import type { Bounty, ChainConfig, Wei } from "../src/api";
import { mdc, wei, weiString } from "../src/format";

declare const bounty: Bounty;
declare const config: ChainConfig;
declare const asNumber: { trainerStake: number };

export const exact: bigint[] = [wei(bounty.reward), wei(bounty.trainerStake), wei(config.airdropAmount), wei(10n ** 30n)];
export const shown: string[] = [mdc(bounty.reward), mdc(2n ** 64n + 1n)];
export const sent: Wei = weiString(10n ** 30n + 7n);

// @ts-expect-error a number-typed amount is a compile error
wei(asNumber.trainerStake);
// @ts-expect-error so is formatting one
mdc(1e18);
// @ts-expect-error an arbitrary string is not an amount until the API (or weiString) says so
wei("12.5");
// @ts-expect-error the API's amounts are not numbers
export const reward: number = bounty.reward;
// @ts-expect-error nor can a number be written into one
export const stake: Bounty["trainerStake"] = 0;
