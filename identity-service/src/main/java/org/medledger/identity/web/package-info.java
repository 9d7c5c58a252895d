/** What the controllers share: paging of list answers, the caller, and the service's OpenAPI description. */
package org.medledger.identity.web;
