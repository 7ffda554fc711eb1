from django import forms


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please enter an email address like name@example.com.",
            "max_length": "That is longer than any email address can be. Please check it.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "name@example.com"}),
    )
    # Honeypot: hidden from people, filled in by bots that fill in everything.
    website = forms.CharField(required=False, label="Leave this field empty")

    def clean_email(self):
        # One address, one subscription: "Name@Example.com" and "name@example.com" are the same reader.
        return self.cleaned_data["email"].strip().lower()

    @property
    def is_bot(self):
        return bool(self.data.get("website"))
