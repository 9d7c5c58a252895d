package org.medledger.notification.dispatch;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.events.DomainEvent;
import org.medledger.events.ReceivedEvent;
import org.medledger.events.access.AccessCodeIssued;
import org.medledger.events.access.AccessDenied;
import org.medledger.events.access.AccessGranted;
import org.medledger.events.access.AccessRequested;
import org.medledger.events.access.AccessRevoked;
import org.medledger.events.audit.AuditCompleted;
import org.medledger.events.audit.ChunkLost;
import org.medledger.events.booking.AppointmentBooked;
import org.medledger.events.booking.AppointmentCancelled;
import org.medledger.events.report.DownloadCodeIssued;
import org.medledger.events.report.ReportStored;
import org.medledger.notification.contact.Contact;
import org.medledger.notification.contact.ContactRole;
import org.medledger.notification.contact.Contacts;
import org.medledger.notification.inbox.NotificationKind;
import org.medledger.notification.mail.MailProperties;
import org.medledger.notification.mail.MailTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Decides who hears about an event and what they read: the in-app texts here, the mail texts in the templates.
 *
 * <table>
 * <caption>Events and their notifications</caption>
 * <tr><th>event</th><th>recipients</th></tr>
 * <tr><td>AppointmentBooked</td><td>patient and doctor</td></tr>
 * <tr><td>AppointmentCancelled</td><td>the other party and the canceller (both parties when the hospital cancelled)</td></tr>
 * <tr><td>ReportStored</td><td>patient, with the receipt (root) hash, never the report</td></tr>
 * <tr><td>DownloadCodeIssued</td><td>the requesting user: the code by mail only</td></tr>
 * <tr><td>AccessCodeIssued</td><td>patient: the code by mail only, plus the in-app access request</td></tr>
 * <tr><td>AccessRequested</td><td>patient, in-app only (the same notification as the one above)</td></tr>
 * <tr><td>AccessGranted, AccessDenied, AccessRevoked</td><td>the doctor</td></tr>
 * <tr><td>ChunkLost; AuditCompleted with lost chunks or a broken ledger</td><td>every admin and auditor</td></tr>
 * </table>
 *
 * Names of the other people involved come from the contacts; one not known yet is written generically.
 */
@Component
class NotificationPlanner {

    private static final List<ContactRole> ALERTED = List.of(ContactRole.ADMIN, ContactRole.AUDITOR);

    private final Contacts contacts;
    private final DateTimeFormatter dateTime;

    NotificationPlanner(Contacts contacts, MailProperties mail) {
        this.contacts = contacts;
        this.dateTime = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm zzz", mail.locale()).withZone(mail.zone());
    }

    /** Whether the event leads to notifications at all. */
    boolean handles(DomainEvent data) {
        return switch (data) {
            case AppointmentBooked e -> true;
            case AppointmentCancelled e -> true;
            case ReportStored e -> true;
            case DownloadCodeIssued e -> true;
            case AccessCodeIssued e -> true;
            case AccessRequested e -> true;
            case AccessGranted e -> true;
            case AccessDenied e -> true;
            case AccessRevoked e -> true;
            case ChunkLost e -> true;
            case AuditCompleted e -> needsAttention(e);
            default -> false;
        };
    }

    Mono<List<PlannedNotification>> plan(ReceivedEvent<? extends DomainEvent> event) {
        String id = event.id();
        return switch (event.data()) {
            case AppointmentBooked e -> people(e.patientId(), e.doctorId()).map(people -> booked(id, e, people));
            case AppointmentCancelled e -> people(e.patientId(), e.doctorId(), e.cancelledBy()).map(people -> cancelled(id, e, people));
            case ReportStored e -> people(e.patientId(), e.doctorId()).map(people -> List.of(reportStored(id, e, people)));
            case DownloadCodeIssued e -> people(e.userId()).map(people -> List.of(downloadCode(id, e, people)));
            case AccessCodeIssued e -> people(e.patientId(), e.doctorId()).map(people -> List.of(accessCode(e, people)));
            case AccessRequested e -> people(e.patientId(), e.doctorId()).map(people -> List.of(accessRequested(e, people)));
            case AccessGranted e -> people(e.patientId(), e.doctorId()).map(people -> List.of(accessGranted(id, e, people)));
            case AccessDenied e -> people(e.patientId(), e.doctorId()).map(people -> List.of(accessDenied(id, e, people)));
            case AccessRevoked e -> people(e.patientId(), e.doctorId()).map(people -> List.of(accessRevoked(id, e, people)));
            case ChunkLost e -> alerted().map(people -> people.stream().map(c -> chunkLost(id, e, c)).toList());
            case AuditCompleted e when needsAttention(e) ->
                    alerted().map(people -> people.stream().map(c -> auditAlert(id, e, c)).toList());
            default -> Mono.just(List.of());
        };
    }

    private List<PlannedNotification> booked(String id, AppointmentBooked e, Map<String, Contact> people) {
        String when = dateTime.format(e.start());
        String doctor = name(people, e.doctorId(), "your doctor");
        String patient = name(people, e.patientId(), "A patient");
        Map<String, String> refs = refs("appointmentId", e.appointmentId());
        return List.of(
                plan(id, e.patientId(), people, NotificationKind.APPOINTMENT_BOOKED, "Appointment booked",
                        "Your checkup with " + doctor + " on " + when + " is booked.", refs,
                        MailTemplate.APPOINTMENT_BOOKED_PATIENT, model("doctorName", doctor, "when", when)),
                plan(id, e.doctorId(), people, NotificationKind.APPOINTMENT_BOOKED, "New appointment",
                        patient + " booked a checkup with you on " + when + ".", refs,
                        MailTemplate.APPOINTMENT_BOOKED_DOCTOR, model("patientName", patient, "when", when)));
    }

    private List<PlannedNotification> cancelled(String id, AppointmentCancelled e, Map<String, Contact> people) {
        String when = dateTime.format(e.start());
        Map<String, String> refs = refs("appointmentId", e.appointmentId());
        List<PlannedNotification> plans = new ArrayList<>();
        for (String recipient : List.of(e.patientId(), e.doctorId())) {
            boolean isPatient = recipient.equals(e.patientId());
            String otherId = isPatient ? e.doctorId() : e.patientId();
            String other = name(people, otherId, isPatient ? "your doctor" : "your patient");
            boolean byYou = recipient.equals(e.cancelledBy());
            boolean byOther = otherId.equals(e.cancelledBy());
            String body = byYou ? "You cancelled the checkup with " + other + " on " + when + "."
                    : byOther ? capitalized(other) + " cancelled the checkup on " + when + "."
                    : "The hospital cancelled the checkup with " + other + " on " + when + ".";
            plans.add(plan(id, recipient, people, NotificationKind.APPOINTMENT_CANCELLED, "Appointment cancelled", body, refs,
                    MailTemplate.APPOINTMENT_CANCELLED, model("otherName", other, "when", when, "byYou", byYou,
                            "byOther", byOther, "byHospital", !byYou && !byOther)));
        }
        return plans;
    }

    private PlannedNotification reportStored(String id, ReportStored e, Map<String, Contact> people) {
        String doctor = name(people, e.doctorId(), "Your doctor");
        return plan(id, e.patientId(), people, NotificationKind.REPORT_AVAILABLE, "Report available",
                capitalized(doctor) + " uploaded the report of your checkup. Its receipt hash is " + e.rootHash() + ".",
                refs("reportId", e.reportId(), "appointmentId", e.appointmentId()), MailTemplate.REPORT_AVAILABLE,
                model("doctorName", doctor, "reportId", e.reportId(), "rootHash", e.rootHash(),
                        "ledgerEntryId", e.ledgerEntryId()));
    }

    private PlannedNotification downloadCode(String id, DownloadCodeIssued e, Map<String, Contact> people) {
        String expires = dateTime.format(e.expiresAt());
        return withSecrets(plan(id, e.userId(), people, NotificationKind.DOWNLOAD_CODE_SENT, "Download code sent",
                "A one-time code to download your report was sent to your e-mail address. It expires on " + expires + ".",
                refs("reportId", e.reportId()), MailTemplate.DOWNLOAD_CODE, model("expiresAt", expires)), e.code(), e.expiresAt());
    }

    private PlannedNotification accessCode(AccessCodeIssued e, Map<String, Contact> people) {
        String doctor = name(people, e.doctorId(), "A doctor");
        String expires = dateTime.format(e.expiresAt());
        PlannedNotification request = accessRequestNotification(e.requestId(), e.reportId(), e.patientId(), e.doctorId(),
                people, capitalized(doctor) + " asks to read one of your reports. Approve or deny it here, or give them the"
                        + " code we e-mailed you if you agree.", false);
        return withSecrets(new PlannedNotification(request.key(), request.recipientId(), request.recipient(), request.kind(),
                request.title(), request.body(), request.refs(), false, MailTemplate.ACCESS_CODE,
                model("doctorName", doctor, "expiresAt", expires), Map.of()), e.code(), e.expiresAt());
    }

    private PlannedNotification accessRequested(AccessRequested e, Map<String, Contact> people) {
        String doctor = name(people, e.doctorId(), "A doctor");
        return accessRequestNotification(e.requestId(), e.reportId(), e.patientId(), e.doctorId(), people,
                capitalized(doctor) + " asks to read one of your reports. Reason given: \"" + e.reason()
                        + "\". Approve or deny it here.", true);
    }

    /** AccessRequested and AccessCodeIssued describe the same request: one in-app notification, keyed by the request. */
    private PlannedNotification accessRequestNotification(String requestId, String reportId, String patientId,
            String doctorId, Map<String, Contact> people, String body, boolean replaceContent) {
        return new PlannedNotification("access-request:" + requestId, patientId, people.get(patientId),
                NotificationKind.ACCESS_REQUESTED, "Access request", body,
                refs("requestId", requestId, "reportId", reportId, "doctorId", doctorId), replaceContent, null, Map.of(), Map.of());
    }

    private PlannedNotification accessGranted(String id, AccessGranted e, Map<String, Contact> people) {
        String patient = name(people, e.patientId(), "The patient");
        String until = dateTime.format(e.expiresAt());
        boolean viaCode = e.via() == AccessGranted.Via.CODE;
        return plan(id, e.doctorId(), people, NotificationKind.ACCESS_GRANTED, "Access granted",
                capitalized(patient) + " granted you access to their report until " + until + ".",
                refs("requestId", e.requestId(), "reportId", e.reportId()), MailTemplate.ACCESS_GRANTED,
                model("patientName", patient, "expiresAt", until, "viaCode", viaCode, "viaApp", !viaCode));
    }

    private PlannedNotification accessDenied(String id, AccessDenied e, Map<String, Contact> people) {
        String patient = name(people, e.patientId(), "The patient");
        return plan(id, e.doctorId(), people, NotificationKind.ACCESS_DENIED, "Access denied",
                capitalized(patient) + " declined your request to read their report.",
                refs("requestId", e.requestId(), "reportId", e.reportId()), MailTemplate.ACCESS_DENIED,
                model("patientName", patient));
    }

    private PlannedNotification accessRevoked(String id, AccessRevoked e, Map<String, Contact> people) {
        String patient = name(people, e.patientId(), "The patient");
        return plan(id, e.doctorId(), people, NotificationKind.ACCESS_REVOKED, "Access revoked",
                capitalized(patient) + " revoked your access to their report.",
                refs("requestId", e.requestId(), "reportId", e.reportId()), MailTemplate.ACCESS_REVOKED,
                model("patientName", patient));
    }

    private PlannedNotification chunkLost(String id, ChunkLost e, Contact recipient) {
        String index = Long.toString(e.chunkIndex());
        return plan(id, recipient.id(), Map.of(recipient.id(), recipient), NotificationKind.CHUNK_LOST,
                "Integrity alert: chunk lost",
                "Audit " + e.auditId() + " found chunk " + index + " of report " + e.reportId()
                        + " with no healthy copy in any bucket.",
                refs("auditId", e.auditId(), "reportId", e.reportId()), MailTemplate.CHUNK_LOST,
                model("auditId", e.auditId(), "reportId", e.reportId(), "chunkIndex", index));
    }

    private PlannedNotification auditAlert(String id, AuditCompleted e, Contact recipient) {
        boolean broken = e.ledgerStatus() == AuditCompleted.LedgerStatus.BROKEN;
        String body = "Audit " + e.auditId() + " (" + e.scope() + ") found " + e.lost() + " lost and " + e.damaged()
                + " damaged chunk copies, repaired " + e.repaired() + "; the ledger " + (broken ? "is BROKEN" : "verified") + ".";
        return plan(id, recipient.id(), Map.of(recipient.id(), recipient), NotificationKind.AUDIT_ALERT,
                "Integrity audit needs attention", body, refs("auditId", e.auditId()), MailTemplate.AUDIT_ALERT,
                model("auditId", e.auditId(), "scope", e.scope().name(), "chunksChecked", Long.toString(e.chunksChecked()),
                        "damaged", Long.toString(e.damaged()), "repaired", Long.toString(e.repaired()),
                        "lost", Long.toString(e.lost()), "ledgerBroken", broken, "ledgerHeight", Long.toString(e.ledgerHeight())));
    }

    private static boolean needsAttention(AuditCompleted e) {
        return e.lost() > 0 || e.ledgerStatus() == AuditCompleted.LedgerStatus.BROKEN;
    }

    private static PlannedNotification plan(String key, String recipientId, Map<String, Contact> people,
            NotificationKind kind, String title, String body, Map<String, String> refs, MailTemplate mail,
            Map<String, Object> model) {
        return new PlannedNotification(key, recipientId, people.get(recipientId), kind, title, body, refs, false, mail,
                model, Map.of());
    }

    private static PlannedNotification withSecrets(PlannedNotification plan, String code, Instant expiresAt) {
        return new PlannedNotification(plan.key(), plan.recipientId(), plan.recipient(), plan.kind(), plan.title(),
                plan.body(), plan.refs(), plan.replaceContent(), plan.mail(), plan.model(), Map.of("code", code), expiresAt);
    }

    private Mono<Map<String, Contact>> people(String... userIds) {
        return contacts.findAll(Arrays.asList(userIds));
    }

    private Mono<List<Contact>> alerted() {
        return contacts.withRoles(ALERTED).collectList();
    }

    private static String name(Map<String, Contact> people, String userId, String fallback) {
        Contact contact = people.get(userId);
        return contact == null ? fallback : contact.nameOr(fallback);
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static Map<String, String> refs(String... keyValues) {
        Map<String, String> refs = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            refs.put(keyValues[i], keyValues[i + 1]);
        }
        return refs;
    }

    private static Map<String, Object> model(Object... keyValues) {
        Map<String, Object> model = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            model.put((String) keyValues[i], keyValues[i + 1]);
        }
        return model;
    }
}
