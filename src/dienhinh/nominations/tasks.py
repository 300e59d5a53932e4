"""Background jobs of the dossier workflow. They take ids and are safe to run twice."""

from django.tasks import task

from dienhinh.nominations.notifications import send_transition_emails


@task
def notify_transition(transition_id: int) -> int:
    """Email the people concerned by one transition; returns the number of emails sent."""
    return send_transition_emails(transition_id)
