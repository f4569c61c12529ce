import { registry } from "@web/core/registry";

// A portal customer submits a complaint on /my/complaints and sees its reference.
registry.category("web_tour.tours").add("logistics_complaints_portal_submit", {
    url: "/my/complaints",
    steps: () => [
        {
            content: "Open the form of a new complaint",
            trigger: "a.o_complaint_new",
            run: "click",
        },
        {
            content: "Say what happened",
            trigger: "form.o_complaint_form select[name=problem_type]",
            run: "select damage",
        },
        {
            content: "Give a subject",
            trigger: "form.o_complaint_form input[name=subject]",
            run: "edit Pallets crushed at delivery",
        },
        {
            content: "Give the waybill",
            trigger: "form.o_complaint_form input[name=shipment_ref]",
            run: "edit WB-TOUR-0001",
        },
        {
            content: "Describe the problem",
            trigger: "form.o_complaint_form textarea[name=description]",
            run: "edit Two pallets were crushed when they arrived at our warehouse.",
        },
        {
            content: "Submit the complaint",
            trigger: "form.o_complaint_form button.o_complaint_submit",
            run: "click",
        },
        {
            content: "The complaint page confirms the submission with the reference",
            trigger: ".o_complaint_success:contains('CMP/')",
        },
        {
            content: "The page shows the complaint's reference and subject",
            trigger: ".o_complaint_page:contains('Pallets crushed at delivery')",
        },
    ],
});
