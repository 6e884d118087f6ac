/**
 * Which `show` views exist, and the command each reproduces: a module of its own so the
 * browser page can list them without the code that derives them (that runs in the model worker).
 */
export const NODE_VIEWS = ['addr', 'route', 'neigh', 'fdb', 'iptables', 'nft', 'nft-dump', 'sysctl'] as const
export const POD_VIEWS = ['addr', 'route', 'resolv.conf'] as const
export type NodeView = (typeof NODE_VIEWS)[number]
export type PodView = (typeof POD_VIEWS)[number]

/** The command a view reproduces, for headings and help. */
export const VIEW_COMMANDS: Record<NodeView | PodView, string> = {
  addr: 'ip -br addr', route: 'ip route', neigh: 'ip neigh', fdb: 'bridge fdb show', iptables: 'iptables-save',
  nft: 'nft list table ip kube-proxy', 'nft-dump': 'knftables dump of table ip kube-proxy',
  sysctl: 'sysctl', 'resolv.conf': 'cat /etc/resolv.conf',
}
