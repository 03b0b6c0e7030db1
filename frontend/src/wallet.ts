// The user's wallet through EIP-1193: discovered with EIP-6963 (window.ethereum as a fallback), checked
// against the chain the server follows, and used to sign; every failure becomes a sentence a person can act on.
import { BrowserProvider, Contract, Interface, Signature, type Eip1193Provider, type JsonRpcSigner, isError } from "ethers";
import { abi as marketAbi } from "../../artifacts/contracts/market/BountyMarket.sol/BountyMarket.json";
import { abi as coinAbi } from "../../artifacts/contracts/ModelCoin.sol/ModelCoin.json";
import type { ChainConfig } from "./api";

export const marketInterface = new Interface(marketAbi);
export const coinInterface = new Interface(coinAbi);

interface AnnouncedProvider {
  info: { uuid: string; name: string; icon: string; rdns: string };
  provider: Eip1193Provider & { on?: (event: string, listener: (...args: unknown[]) => void) => void };
}

export class WalletError extends Error {}

/** Where the page remembers which wallet (its EIP-6963 rdns) the user connected, to reconnect on the next visit. */
const REMEMBERED_WALLET = "modelmarket.wallet";
/** How long a remembered wallet may take to announce itself before the page offers "Connect wallet" instead. */
const ANNOUNCE_WAIT_MS = 500;

export class Wallet {
  private discovered: AnnouncedProvider[] = [];
  private provider: AnnouncedProvider["provider"] | null = null;
  private signer: JsonRpcSigner | null = null;
  address: string | null = null;
  chainId: number | null = null;
  readonly listeners = new Set<() => void>();

  constructor(readonly config: ChainConfig) {
    window.addEventListener("eip6963:announceProvider", (event) => {
      const detail = (event as CustomEvent<AnnouncedProvider>).detail;
      if (!this.discovered.some((known) => known.info.uuid === detail.info.uuid)) this.discovered.push(detail);
    });
    window.dispatchEvent(new Event("eip6963:requestProvider"));
  }

  /** The wallets found: EIP-6963 announcements first, then window.ethereum. */
  wallets(): AnnouncedProvider[] {
    const injected = (window as unknown as { ethereum?: AnnouncedProvider["provider"] }).ethereum;
    if (this.discovered.length === 0 && injected) {
      return [{ info: { uuid: "injected", name: "Browser wallet", icon: "", rdns: "injected" }, provider: injected }];
    }
    return this.discovered;
  }

  /** Asks the wallet for the user's account (the wallet prompts), and remembers the wallet for the next visits. */
  async connect(choice = 0): Promise<void> {
    const wallet = this.wallets()[choice];
    if (!wallet) {
      throw new WalletError("No wallet found. Install MetaMask (or another EIP-6963 wallet) and reload the page.");
    }
    await this.call(() => wallet.provider.request({ method: "eth_requestAccounts" }));
    localStorage.setItem(REMEMBERED_WALLET, wallet.info.rdns);
    await this.use(wallet);
  }

  /**
   * Connects again, without a prompt, to the wallet the user connected on an earlier visit, if it still lets this
   * site see an account (eth_accounts never prompts); false when there is none, and the user must connect.
   */
  async reconnect(): Promise<boolean> {
    const rdns = localStorage.getItem(REMEMBERED_WALLET);
    if (rdns === null) return false;
    const wallet = await this.announced(rdns);
    if (!wallet) return false;
    const accounts = (await wallet.provider.request({ method: "eth_accounts" }).catch(() => [])) as string[];
    if (accounts.length === 0) return false;
    await this.use(wallet);
    return true;
  }

  /** The wallet `rdns` once it announces itself (at once, as wallets answer eip6963:requestProvider, or a little later). */
  private async announced(rdns: string): Promise<AnnouncedProvider | undefined> {
    for (let waited = 0; waited <= ANNOUNCE_WAIT_MS; waited += 50) {
      const wallet = this.wallets().find((known) => known.info.rdns === rdns);
      if (wallet) return wallet;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return undefined;
  }

  private async use(wallet: AnnouncedProvider): Promise<void> {
    this.provider = wallet.provider;
    this.provider.on?.("accountsChanged", () => this.refresh());
    this.provider.on?.("chainChanged", () => this.refresh());
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    if (!this.provider) return;
    const accounts = (await this.provider.request({ method: "eth_accounts" })) as string[];
    this.address = accounts[0] ?? null;
    this.chainId = Number(await this.provider.request({ method: "eth_chainId" }));
    this.signer = this.address ? await new BrowserProvider(this.provider).getSigner(this.address) : null;
    this.listeners.forEach((listener) => listener());
  }

  get connected(): boolean {
    return this.address !== null;
  }

  get onRightNetwork(): boolean {
    return this.chainId === this.config.chainId;
  }

  /** Asks the wallet to switch to the server's chain, adding it first when the wallet does not know it. */
  async switchNetwork(): Promise<void> {
    const chainId = "0x" + this.config.chainId.toString(16);
    try {
      await this.call(() => this.provider!.request({ method: "wallet_switchEthereumChain", params: [{ chainId }] }));
    } catch (error) {
      if ((error as { code?: number }).code !== 4902) throw error;
      // The server names no public RPC URL when its own carries a secret (an API key): the wallet must know the chain.
      if (this.config.rpcUrl === null) {
        throw new WalletError(`Your wallet does not know chain ${this.config.chainId}; add it in the wallet (this server publishes no RPC URL).`);
      }
      const rpcUrl = this.config.rpcUrl;
      await this.call(() => this.provider!.request({
        method: "wallet_addEthereumChain",
        params: [{ chainId, chainName: `ModelMarket (${this.config.chainId})`, rpcUrls: [rpcUrl],
          nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 } }],
      }));
    }
    await this.refresh();
  }

  private ready(): JsonRpcSigner {
    if (!this.provider || !this.signer) throw new WalletError("Connect a wallet first.");
    if (!this.onRightNetwork) {
      throw new WalletError(`Your wallet is on chain ${this.chainId}; ModelMarket runs on chain ${this.config.chainId}. Switch the network first.`);
    }
    return this.signer;
  }

  /** The latest block's timestamp: the contract's "now", which can run ahead of the browser's on a dev chain. */
  async latestBlock(): Promise<number | null> {
    if (!this.provider) return null;
    const block = await new BrowserProvider(this.provider).getBlock("latest");
    return block?.timestamp ?? null;
  }

  async balance(): Promise<bigint> {
    return this.coin().balanceOf(this.address) as Promise<bigint>;
  }

  /** Whether this account has had its one airdrop from ModelCoin's faucet. */
  async hasClaimedAirdrop(): Promise<boolean> {
    return this.coin().hasClaimedAirdrop(this.address) as Promise<boolean>;
  }

  private coin(): Contract {
    return new Contract(this.config.modelCoin, coinAbi, new BrowserProvider(this.provider!));
  }

  /** The market for view calls, read through the wallet's own provider (the chain's state, not the server's index). */
  market(): Contract {
    if (!this.provider) throw new WalletError("Connect a wallet first.");
    return new Contract(this.config.bountyMarket, marketAbi, new BrowserProvider(this.provider));
  }

  /** Sends `method(args)` to the market, with `value` wei, and waits for it to be mined. */
  async transact(method: string, args: readonly unknown[], value = 0n): Promise<string> {
    return this.send(this.config.bountyMarket, marketInterface.encodeFunctionData(method, args), value);
  }

  /** What a dispute costs now, in wei (the market's arbitrationCost()): the fee bond of a new bounty, the fee of a dispute. */
  async arbitrationCost(): Promise<bigint> {
    return (await this.market().arbitrationCost()) as bigint;
  }

  /** Lets the market take `amount` ModelCoin from the connected account (an approval transaction), unless it may already. */
  async approveMarket(amount: bigint): Promise<void> {
    const allowance = (await this.coin().allowance(this.address, this.config.bountyMarket)) as bigint;
    if (allowance >= amount) return;
    await this.send(this.config.modelCoin, coinInterface.encodeFunctionData("approve", [this.config.bountyMarket, amount]));
  }

  /**
   * Sends `method(args)` as its `...WithPermit` twin (createBountyWithPermit, commitModelWithPermit), signed for
   * exactly `amount`: one signature instead of an approval transaction. Without an amount, the plain call. `value`:
   * the wei sent with it (createBounty's fee bond).
   */
  async transactWithPermit(method: "createBounty" | "commitModel", args: readonly unknown[], amount: bigint, value = 0n): Promise<string> {
    if (amount === 0n) return this.transact(method, args, value);
    const { deadline, v, r, s } = await this.permit(this.config.bountyMarket, amount);
    return this.transact(`${method}WithPermit`, [...args, deadline, v, r, s], value);
  }

  /** Sends `data` (and `value` wei) to the contract `to` and waits for it to be mined; reverts are explained with the contract's custom error. */
  async send(to: string, data: string, value = 0n): Promise<string> {
    const signer = this.ready();
    const sent = await this.call(() => signer.sendTransaction(value === 0n ? { to, data } : { to, data, value }));
    const receipt = await this.call(() => sent.wait());
    return receipt!.hash;
  }

  async claimAirdrop(): Promise<void> {
    await this.send(this.config.modelCoin, coinInterface.encodeFunctionData("claimAirdrop"));
  }

  /**
   * An EIP-2612 permit for `spender` to take `value` ModelCoin: one signature instead of an approval
   * transaction. Returns the deadline and the signature's v, r, s.
   */
  async permit(spender: string, value: bigint): Promise<{ deadline: bigint; v: number; r: string; s: string }> {
    const signer = this.ready();
    const coin = new Contract(this.config.modelCoin, coinAbi, signer);
    const [name, nonce] = await Promise.all([coin.name() as Promise<string>, coin.nonces(this.address) as Promise<bigint>]);
    // An hour by the chain's clock, which the contract checks: on a development chain it can run hours ahead of ours.
    const deadline = BigInt(((await this.latestBlock()) ?? Math.floor(Date.now() / 1000)) + 3600);
    const signature = await this.call(() => signer.signTypedData(
      { name, version: "1", chainId: this.config.chainId, verifyingContract: this.config.modelCoin },
      { Permit: [
        { name: "owner", type: "address" }, { name: "spender", type: "address" }, { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" },
      ] },
      { owner: this.address, spender, value, nonce, deadline },
    ));
    const { v, r, s } = Signature.from(signature);
    return { deadline, v, r, s };
  }

  /** Runs a wallet or chain call and turns its failure into a WalletError a person can read. */
  private async call<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new WalletError(explain(error));
    }
  }
}

/** Words for what went wrong: a rejected request, a decoded custom error, the wallet's own message, or the page's. */
export function explain(error: unknown): string {
  if (error instanceof WalletError) return error.message;
  if (isError(error, "ACTION_REJECTED") || (error as { code?: number })?.code === 4001) {
    return "You rejected the request in your wallet; nothing was sent.";
  }
  const data = revertData(error);
  if (data) {
    for (const contract of [marketInterface, coinInterface]) {
      try {
        const parsed = contract.parseError(data);
        if (parsed) {
          const args = parsed.fragment.inputs.map((input, i) => `${input.name}=${String(parsed.args[i])}`).join(", ");
          return `The contract refused: ${parsed.name}(${args}).`;
        }
      } catch {
        /* not this contract's error */
      }
    }
  }
  const shortMessage = (error as { shortMessage?: unknown })?.shortMessage;
  if (typeof shortMessage === "string") return `The transaction failed: ${shortMessage}`; // ethers' words for a chain call
  return error instanceof Error ? error.message : String(error); // the page's own words: a bad file, a wrong kit, a bad field

}

function revertData(error: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const next = queue.shift() as Record<string, unknown> | null;
    if (!next || typeof next !== "object" || seen.has(next)) continue;
    seen.add(next);
    const data = next.data;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) return data;
    queue.push(next.error, next.info, next.data, next.cause);
  }
  return null;
}
