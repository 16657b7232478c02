package io.drsorch.simulator.ssm;

/**
 * Whom an SSM call is made for: the account of the credentials it was signed with and the region of
 * its signature. Executions belong to one account and region, so another account, or the same
 * account in another region, cannot see or stop them.
 */
public record SsmCaller(String accountId, String region) {}
