import { registry } from "@web/core/registry";

// An agent sets a complaint of a customer with a service agreement to wait for the
// customer, with the reason, then resumes it: the wizard, the badges and the buttons.
registry.category("web_tour.tours").add("logistics_service_agreement_wait_customer", {
    steps: () => [
        {
            content: "Set the complaint to wait for the customer",
            trigger: ".o_form_view button[name=action_open_pause_wizard]:contains('Wait for customer')",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Waiting for the photos of the damage",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The complaint waits for the customer",
            trigger: ".o_form_view .badge:contains('Waiting for the customer')",
        },
        {
            content: "Its resolution clock is paused (the customer's agreement says so)",
            trigger: ".o_form_view .badge:contains('Resolution clock paused')",
        },
        {
            content: "Resume",
            trigger: ".o_form_view button[name=action_open_pause_wizard]:contains('Resume')",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit The customer sent the photos",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The complaint can wait again: it no longer waits",
            trigger: ".o_form_view button[name=action_open_pause_wizard]:contains('Wait for customer')",
        },
    ],
});
