package org.medledger.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** Installs {@link ProblemDetailsAdvice} in every service. */
@AutoConfiguration
@Import(ProblemDetailsAdvice.class)
public class ProblemDetailsAutoConfiguration {
}
