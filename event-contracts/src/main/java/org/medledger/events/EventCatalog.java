package org.medledger.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.medledger.events.access.AccessCodeIssued;
import org.medledger.events.access.AccessDenied;
import org.medledger.events.access.AccessGranted;
import org.medledger.events.access.AccessRequested;
import org.medledger.events.access.AccessRevoked;
import org.medledger.events.audit.AuditCompleted;
import org.medledger.events.audit.ChunkLost;
import org.medledger.events.booking.AppointmentBooked;
import org.medledger.events.booking.AppointmentCancelled;
import org.medledger.events.booking.AppointmentCompleted;
import org.medledger.events.identity.DoctorApproved;
import org.medledger.events.identity.DoctorRegistered;
import org.medledger.events.identity.DoctorRejected;
import org.medledger.events.identity.PatientRegistered;
import org.medledger.events.identity.ProfileUpdated;
import org.medledger.events.identity.StaffAccountRegistered;
import org.medledger.events.ledger.BlockSealed;
import org.medledger.events.report.DownloadCodeIssued;
import org.medledger.events.report.ReportDownloaded;
import org.medledger.events.report.ReportStored;

/** Every event type MedLedger publishes: the single list that the codec, the schema tests and subscribers use. */
public final class EventCatalog {

    /** All event data classes, grouped by domain in declaration order. */
    public static final List<Class<? extends DomainEvent>> ALL = List.of(
            PatientRegistered.class,
            DoctorRegistered.class,
            StaffAccountRegistered.class,
            DoctorApproved.class,
            DoctorRejected.class,
            ProfileUpdated.class,
            AppointmentBooked.class,
            AppointmentCompleted.class,
            AppointmentCancelled.class,
            ReportStored.class,
            ReportDownloaded.class,
            DownloadCodeIssued.class,
            AccessRequested.class,
            AccessCodeIssued.class,
            AccessGranted.class,
            AccessDenied.class,
            AccessRevoked.class,
            AuditCompleted.class,
            ChunkLost.class,
            BlockSealed.class);

    private static final Map<String, Class<? extends DomainEvent>> BY_TYPE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(EventCatalog::typeOf, Function.identity()));

    private EventCatalog() {
    }

    /** The CloudEvent type declared on {@code eventClass}. */
    public static String typeOf(Class<? extends DomainEvent> eventClass) {
        return annotation(eventClass).value();
    }

    /** The topic {@code eventClass} is published on. */
    public static String topicOf(Class<? extends DomainEvent> eventClass) {
        return annotation(eventClass).topic();
    }

    /** The data class of a CloudEvent type, if MedLedger knows the type. */
    public static Optional<Class<? extends DomainEvent>> classOf(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /** Classpath resource of the JSON Schema that describes the data of {@code type}. */
    public static String schemaResource(String type) {
        return "org/medledger/events/schemas/" + type + ".json";
    }

    private static EventType annotation(Class<? extends DomainEvent> eventClass) {
        EventType annotation = eventClass.getAnnotation(EventType.class);
        if (annotation == null) {
            throw new IllegalArgumentException(eventClass.getName() + " is not annotated with @EventType");
        }
        return annotation;
    }
}
