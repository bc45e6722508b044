#pragma once

// The sample project a first start (or `init --demo`) fills in: realistic prompts with versions and
// labels.

namespace ps::store {
class Project;
}

namespace ps::demo {

// Adds the demo prompts (ticket-triage, product-description, meeting-summary), their versions
// and labels, the dataset "tickets" (for ticket-triage), and the offline provider and target
// "echo", to `project`. Throws StoreError if a demo prompt, provider or target already exists.
void populateDemoProject(store::Project &project);

} // namespace ps::demo
