from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # Fuzzy guesses ("Activity" from "activity", "Show" from "Show menu") are wrong more often
    # than right in a small catalogue; leave new strings empty so they are visibly untranslated.
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
