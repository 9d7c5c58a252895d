package org.medledger.identity.specialization;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The specializations list.
 *
 * @param seed codes present from the first start on (added if missing at every start, never removed); the display
 *     name is the code with its first letter upper-cased and dashes as spaces
 */
@ConfigurationProperties("medledger.identity.specializations")
public record SpecializationProperties(
        @DefaultValue({"cardiology", "dermatology", "general-practice", "neurology", "pediatrics", "orthopedics",
                "radiology", "oncology", "psychiatry", "gynecology", "ophthalmology", "endocrinology",
                "gastroenterology", "pulmonology", "urology", "nephrology", "rheumatology", "otorhinolaryngology",
                "anesthesiology", "emergency-medicine"}) List<String> seed) {
}
