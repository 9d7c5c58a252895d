/**
 * The integrity auditor: on-demand and scheduled audits of every chunk copy, the manifests' chains and roots and
 * the ledger itself, with repair from the healthy bucket and results on the ledger and the audit topic.
 */
package org.medledger.reportchain.audit;
