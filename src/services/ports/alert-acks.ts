/** Who acknowledged an alert, and when (ISO 8601). */
export interface AlertAck {
  by: string;
  byName: string;
  at: string;
}

/**
 * Acknowledgements of administrators' alerts, per organisation, keyed by the alert's id (see alertIdOf).
 *
 * The adapter must guarantee: the first acknowledgement of an alert is kept and later ones change nothing (so
 * two admins clicking at once agree on who did it); a promise resolves only after the write is durable.
 * Deliberately not in the contract: whether the alert exists, who may acknowledge (the service and the edge decide).
 */
export interface AlertAcks {
  /** True when this was the first acknowledgement of the alert. */
  acknowledge(org: string, alertId: string, ack: AlertAck): Promise<boolean>;
  /** The acknowledgements of the given alerts that exist. */
  of(org: string, alertIds: readonly string[]): Promise<Map<string, AlertAck>>;
}
