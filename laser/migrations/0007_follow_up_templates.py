"""A client follow-up template per stage, in English and Spanish (editable in the admin afterwards). The texts of
Quotes and Waiting-on-material are the ones the escalation drafted before (templates/laser/drafts/)."""

from django.db import migrations

SIGN = {"en": "Kind regards,\nThe laser shop", "es": "Saludos cordiales,\nEl taller láser"}

TEXTS = {
    ("quotes", "en"): (
        "Hi {contact}, just checking in on our quote for project {project}. Shall we go ahead? Reply here and we "
        "will get it on the laser.",
        "Your quote for project {project}",
        "Dear {contact},\n\nWe sent you a quote for project {project} and have not heard back yet. Please confirm "
        "whether we may go ahead, or tell us what you would like changed."),
    ("quotes", "es"): (
        "Hola {contact}, le escribimos por nuestra cotización del proyecto {project}. ¿Seguimos adelante? "
        "Responda aquí y lo ponemos en el láser.",
        "Su cotización del proyecto {project}",
        "Estimado(a) {contact}:\n\nLe enviamos una cotización del proyecto {project} y aún no tenemos respuesta. "
        "Por favor confirme si podemos seguir adelante, o díganos qué le gustaría cambiar."),
    ("material", "en"): (
        "Hi {contact}, project {project} is waiting on material. Could you let us know when the sheets will be "
        "delivered (or whether we should order them)?",
        "Material for project {project}",
        "Dear {contact},\n\nProject {project} is waiting on its material. Please let us know when the sheets will "
        "be delivered, or whether we should order them for you."),
    ("material", "es"): (
        "Hola {contact}, el proyecto {project} está esperando material. ¿Nos puede decir cuándo se entregarán las "
        "láminas (o si debemos pedirlas nosotros)?",
        "Material para el proyecto {project}",
        "Estimado(a) {contact}:\n\nEl proyecto {project} está esperando su material. Por favor díganos cuándo se "
        "entregarán las láminas, o si debemos pedirlas por usted."),
    ("cutting", "en"): (
        "Hi {contact}, project {project} is on the laser. We will tell you as soon as it is ready for pickup.",
        "Project {project} is being cut",
        "Dear {contact},\n\nProject {project} is being cut. We will let you know as soon as it is ready for "
        "pickup."),
    ("cutting", "es"): (
        "Hola {contact}, el proyecto {project} está en el láser. Le avisamos en cuanto esté listo para recoger.",
        "El proyecto {project} se está cortando",
        "Estimado(a) {contact}:\n\nEl proyecto {project} se está cortando. Le avisaremos en cuanto esté listo "
        "para recoger."),
    ("pickup", "en"): (
        "Hi {contact}, a reminder: project {project} has been ready for pickup for {days} days. When can you "
        "collect it?",
        "Reminder: project {project} is ready for pickup",
        "Dear {contact},\n\nA reminder that project {project} has been ready for pickup for {days} days. Please "
        "let us know when you will collect it, or whether we should arrange delivery."),
    ("pickup", "es"): (
        "Hola {contact}, le recordamos que el proyecto {project} está listo para recoger desde hace {days} días. "
        "¿Cuándo puede pasar por él?",
        "Recordatorio: el proyecto {project} está listo para recoger",
        "Estimado(a) {contact}:\n\nLe recordamos que el proyecto {project} está listo para recoger desde hace "
        "{days} días. Por favor díganos cuándo pasará por él, o si debemos organizar la entrega."),
    ("delivered", "en"): (
        "Hi {contact}, project {project} was delivered. Could you confirm that everything arrived in good order?",
        "Delivery of project {project}",
        "Dear {contact},\n\nProject {project} was delivered. Please confirm that everything arrived in good "
        "order, and tell us if anything is missing."),
    ("delivered", "es"): (
        "Hola {contact}, el proyecto {project} fue entregado. ¿Nos confirma que todo llegó en buen estado?",
        "Entrega del proyecto {project}",
        "Estimado(a) {contact}:\n\nEl proyecto {project} fue entregado. Por favor confirme que todo llegó en buen "
        "estado, y díganos si falta algo."),
}


def add_templates(apps, schema_editor):
    FollowUpTemplate = apps.get_model("laser", "FollowUpTemplate")
    for (stage, language), (whatsapp, subject, email) in TEXTS.items():
        FollowUpTemplate.objects.get_or_create(stage=stage, language=language, defaults={
            "whatsapp_text": whatsapp, "email_subject": subject, "email_text": f"{email}\n\n{SIGN[language]}"})


def number_reports(apps, schema_editor):
    """Every report stored so far is the first (and only) version of its day."""
    apps.get_model("laser", "DailyReport").objects.update(version=1)


class Migration(migrations.Migration):
    dependencies = [("laser", "0006_every_stage_escalates_material_blocks_report_versions")]
    operations = [migrations.RunPython(add_templates, migrations.RunPython.noop),
                  migrations.RunPython(number_reports, migrations.RunPython.noop)]
