/** What the booking endpoints share: paging of list answers and the OpenAPI description. */
package org.medledger.booking.web;
