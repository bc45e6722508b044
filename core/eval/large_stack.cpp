#include "eval/large_stack.h"

#include <pthread.h>

#include <exception>
#include <stdexcept>

namespace ps::eval {

namespace {

struct Job
{
    const std::function<void()> *work = nullptr;
    std::exception_ptr error;
};

void *runJob(void *argument)
{
    auto *job = static_cast<Job *>(argument);
    try {
        (*job->work)();
    } catch (...) {
        job->error = std::current_exception();
    }
    return nullptr;
}

} // namespace

void runOnLargeStack(std::size_t stackBytes, const std::function<void()> &work)
{
    Job job;
    job.work = &work;
    pthread_attr_t attributes;
    if (pthread_attr_init(&attributes) != 0)
        throw std::runtime_error("could not prepare a thread");
    pthread_t thread;
    const bool started = pthread_attr_setstacksize(&attributes, stackBytes) == 0
        && pthread_create(&thread, &attributes, runJob, &job) == 0;
    pthread_attr_destroy(&attributes);
    if (!started)
        throw std::runtime_error("could not start a thread with a large enough stack");
    pthread_join(thread, nullptr);
    if (job.error)
        std::rethrow_exception(job.error);
}

} // namespace ps::eval
